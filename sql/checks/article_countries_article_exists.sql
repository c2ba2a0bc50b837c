-- Country evidence always belongs to a loaded article. Like every check on an
-- appended table, it looks at the rows the current run adds: earlier rows passed
-- when their run published, and published rows never change.
with run_countries as (
    select article_id, iso3
    from article_countries
    where run_id = getvariable('run_id')
)

select run_countries.article_id, run_countries.iso3
from run_countries
anti join articles using (article_id)
