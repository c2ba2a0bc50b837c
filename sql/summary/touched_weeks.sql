-- The weeks the current run adds articles to: the only weeks whose marts change.
select distinct week_start
from stg_new_articles
where week_start is not null
