"""The overview of a union's subtree: the dashboard, the studio search, creation funds and large exports."""
