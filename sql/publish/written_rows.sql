-- Rows in a run's newly written Parquet files (the list bound as $1): each appended
-- table's new files must hold exactly the rows the run added to it.
select coalesce(sum(num_rows), 0) as written_rows
from parquet_file_metadata($1)
