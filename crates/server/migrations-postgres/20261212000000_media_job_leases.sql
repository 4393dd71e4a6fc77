-- Media jobs are claimed with a lease, so that several instances on one database can run them:
-- the instance that runs a job renews its lease while it works; a job whose lease ran out (its
-- instance died) is taken by the next instance that looks.
ALTER TABLE media_jobs ADD COLUMN claimed_by TEXT, ADD COLUMN lease_until BIGINT;
