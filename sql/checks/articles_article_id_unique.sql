-- article_id identifies one article: the run's articles are new to the warehouse and
-- appear once.
with run_ids as (
    select article_id
    from articles
    where run_id = getvariable('run_id')
)

select article_id, count(*) as copies
from articles
semi join run_ids using (article_id)
group by article_id
having count(*) > 1
