-- Codes are alpha-3 and counts are positive.
select article_id, iso3, mentions
from article_countries
where run_id = getvariable('run_id')
  and (
        not regexp_full_match(iso3, '[A-Z]{3}')
        or mentions < 1
        or first_offset < 0
  )
