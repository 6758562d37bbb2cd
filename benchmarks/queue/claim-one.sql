-- The pgbench baseline of the queue benchmark: the statements the workers run, one job per transaction
-- (run with -M prepared, so :job_id travels as a parameter, and statements are prepared as the workers' are).
BEGIN;
UPDATE bunbase_jobs j
SET status = 'running', attempts = j.attempts + 1, lease_owner = 'pgbench', lease_until = now() + 30000 * interval '1 millisecond'
FROM (
    SELECT id FROM bunbase_jobs
    WHERE status = 'pending' AND queue = 'bench' AND run_at <= now() AND action = ANY('{noop-job}')
    ORDER BY priority DESC, run_at
    LIMIT 1
    FOR UPDATE SKIP LOCKED) due
WHERE j.id = due.id
RETURNING j.id AS job_id \gset
DELETE FROM bunbase_jobs WHERE id = :job_id AND lease_owner = 'pgbench';
COMMIT;
