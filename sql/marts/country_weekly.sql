-- Articles that mention a country, the distinct stories they tell, and the articles
-- about it (focus), per ISO week. Stories are counted in two steps, as in
-- country_pair_weekly.
with article_countries as (
    select * from int_dated_article_countries
),

story_counts as (
    select
        week_start,
        iso3,
        story_key,
        count(*) as articles,
        count(*) filter (where focus) as focus_articles
    from article_countries
    group by week_start, iso3, story_key
),

weekly_counts as (
    select
        week_start,
        iso3,
        sum(articles)::bigint as articles,
        count(*) as stories,
        sum(focus_articles)::bigint as focus_articles
    from story_counts
    group by week_start, iso3
),

final as (
    select
        week_start,
        strftime(week_start, '%G-W%V') as iso_week,
        iso3,
        articles,
        stories,
        focus_articles
    from weekly_counts
)

select * from final
