-- Every dated article with its ISO week, its calendar month, its language and its
-- source: what the weekly and monthly marts count. Undated articles are left out of
-- every dated table.
with articles as (
    select * from articles
),

final as (
    select
        article_id,
        story_id,
        week_start,
        iso_week,
        date_trunc('month', published_at)::date as month_start,
        coalesce(language, 'und') as language,
        coalesce(source, 'unknown') as source
    from articles
    where week_start is not null
)

select * from final
