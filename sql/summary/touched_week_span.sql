-- The weeks of every article in a touched week or month: all that an incremental
-- build's intermediates read. As a list of dates, this restriction is pushed down to
-- the scan of the articles, below the window that counts a story's articles per week
-- (a week is kept or dropped whole, so those counts stand); the rows of the touched
-- weeks and months are then picked from these weeks as before.
select distinct week_start
from articles
where week_start in (select week_start from touched_weeks)
   or date_trunc('month', published_at)::date in (select month_start from touched_months)
order by week_start
