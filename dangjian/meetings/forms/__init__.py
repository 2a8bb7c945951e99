"""Forms of the organisational-life pages, one module per domain. They only parse input; the
rules live in the services, whose ApplicationError is put back on the named field."""
