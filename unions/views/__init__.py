"""Pages of unions/: home, the union tree, a union's administration and accounts, notices."""
