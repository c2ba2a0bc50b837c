-- The last runs and their counts, newest first: the warehouse's health at a glance.
select
    run_id,
    status,
    strftime(started_at, '%Y-%m-%d %H:%M') as started,
    round(duration_s, 1) as seconds,
    files_seen,
    files_loaded,
    files_duplicate,
    files_quarantined,
    records_read,
    articles_loaded,
    duplicates,
    quarantined_records
from pipeline_runs
order by started_at desc
limit 10
