"""Pages of the overview, one module per page: the dashboard, the studio search, creation funds, exports."""
