-- Every article id and story id the run loads is 32 lowercase hex characters (a
-- SHA-256 prefix, newsdyads.hashing): the marts read them as 128-bit numbers.
select article_id, story_id
from articles
where run_id = getvariable('run_id')
  and not (
        regexp_full_match(article_id, '[0-9a-f]{32}')
        and regexp_full_match(story_id, '[0-9a-f]{32}')
  )
