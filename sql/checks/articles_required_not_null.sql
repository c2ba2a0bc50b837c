-- Every article has an id, a file, a record key, a format, a body and a run.
select article_id, source_file
from articles
where article_id is null
   or source_file is null
   or record_key is null
   or format is null
   or body is null
   or run_id is null
