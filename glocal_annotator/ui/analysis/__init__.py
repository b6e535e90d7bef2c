"""Analysis views: charts drawn from result tables, and the Analysis dock."""
