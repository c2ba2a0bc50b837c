-- Articles that mention a country, the distinct stories they tell, and the articles
-- about it (focus), per ISO week. As in country_pair_weekly, only articles whose story
-- has another article in their week are counted distinct (by story, in two steps);
-- every other article is a story of its own.
with article_countries as (
    select * from int_dated_article_countries
),

country_counts as (
    select
        week_start,
        iso3,
        count(*) as articles,
        count(*) filter (where not shared_story) as own_stories,
        count(*) filter (where focus) as focus_articles
    from article_countries
    group by week_start, iso3
),

shared_story_counts as (
    select
        week_start,
        iso3,
        count(distinct story_key) as shared_stories
    from article_countries
    where shared_story
    group by week_start, iso3
),

final as (
    select
        country_counts.week_start,
        int_iso_weeks.iso_week,
        country_counts.iso3,
        country_counts.articles,
        country_counts.own_stories + coalesce(shared_story_counts.shared_stories, 0) as stories,
        country_counts.focus_articles
    from country_counts
    inner join int_iso_weeks using (week_start)
    left join shared_story_counts using (week_start, iso3)
)

select * from final
