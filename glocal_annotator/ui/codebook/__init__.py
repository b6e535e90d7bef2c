"""The codebook: the code tree and its item model, the entry editor, the commands that change the
codebook, and codebook exchange (import with a preview, export)."""
