-- A dated article has its week, Monday-based, and says where its date came from;
-- an undated one has none of these.
select article_id, published_at, date_source, iso_week, week_start
from articles
where run_id = getvariable('run_id')
  and (
        (published_at is null) <> (date_source is null)
        or (published_at is null) <> (iso_week is null)
        or (published_at is null) <> (week_start is null)
        or week_start <> date_trunc('week', published_at)::date
        or iso_week <> strftime(published_at, '%G-W%V')
        or date_source not in ('metadata', 'text', 'dateline', 'warc')
  )
