-- The run's quarantined files and records, except those of files that turned out to
-- be copies of an earlier file of the run (see stg_files).
with staged as (
    select * from staged_quarantine
),

kept_files as (
    select source_file from stg_files where status <> 'duplicate'
),

final as (
    select staged.*
    from staged
    semi join kept_files using (source_file)
)

select * from final
