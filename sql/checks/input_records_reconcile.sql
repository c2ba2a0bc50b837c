-- Every record read from a file of this run is loaded, a duplicate, or quarantined.
with run_files as (
    select source_file, records_read
    from input_files
    where run_id = getvariable('run_id')
      and status <> 'duplicate'
),

loaded as (
    select source_file, count(*) as n
    from articles
    where run_id = getvariable('run_id')
    group by source_file
),

duplicated as (
    select source_file, count(*) as n
    from duplicates
    where run_id = getvariable('run_id')
    group by source_file
),

refused as (
    select source_file, count(*) as n
    from quarantine
    where run_id = getvariable('run_id')
      and scope = 'record'
    group by source_file
),

final as (
    select
        run_files.source_file,
        run_files.records_read,
        coalesce(loaded.n, 0) as loaded,
        coalesce(duplicated.n, 0) as duplicates,
        coalesce(refused.n, 0) as quarantined
    from run_files
    left join loaded using (source_file)
    left join duplicated using (source_file)
    left join refused using (source_file)
)

select *
from final
where records_read <> loaded + duplicates + quarantined
