-- The calendar months the current run adds articles to: the only months whose
-- monthly marts change.
select distinct date_trunc('month', published_at)::date as month_start
from stg_new_articles
where published_at is not null
