"""Pages of organisational life, one module per domain. Thin: reads through the selectors,
writes through the services."""
