-- The current run's counts add up: every file found is skipped (handled before),
-- loaded, a duplicate, or quarantined; every record read is loaded, a duplicate, or
-- quarantined.
select
    run_id,
    files_seen,
    files_skipped,
    files_loaded,
    files_duplicate,
    files_quarantined,
    records_read,
    articles_loaded,
    duplicates,
    quarantined_records
from pipeline_runs
where run_id = getvariable('run_id')
  and status = 'succeeded'
  and (
        files_seen <> files_skipped + files_loaded + files_duplicate + files_quarantined
        or records_read <> articles_loaded + duplicates + quarantined_records
  )
