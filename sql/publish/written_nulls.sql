-- Nulls per top-level column in a run's newly written Parquet files (the list bound
-- as $1), from the files' statistics: no data is read.
select
    path_in_schema as column_name,
    coalesce(sum(stats_null_count), 0) as nulls
from parquet_metadata($1)
group by path_in_schema
