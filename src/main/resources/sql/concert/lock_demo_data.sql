SELECT pg_advisory_xact_lock(hashtext('concert-demo-data'))
