-- Every article has an id, a file, a record key, a format and a run. (Its body is
-- checked as it is published: publish/new_articles keeps only articles with texts.)
select article_id, source_file
from articles
where run_id = getvariable('run_id')
  and (
        article_id is null
        or source_file is null
        or record_key is null
        or format is null
  )
