-- In the weeks the run recomputed, each pair's articles split exactly by language
-- and by source (an article has one of each), and its focus-only count never
-- exceeds its count.
with pairs as (
    select week_start, country_a, country_b, articles
    from country_pair_weekly
    where week_start in (select week_start from touched_weeks)
),

by_language as (
    select week_start, country_a, country_b, sum(articles) as articles
    from country_pair_weekly_by_language
    where week_start in (select week_start from touched_weeks)
    group by all
),

by_source as (
    select week_start, country_a, country_b, sum(articles) as articles
    from country_pair_weekly_by_source
    where week_start in (select week_start from touched_weeks)
    group by all
),

focus as (
    select week_start, country_a, country_b, articles
    from country_pair_weekly_focus
    where week_start in (select week_start from touched_weeks)
),

final as (
    select
        week_start,
        country_a,
        country_b,
        pairs.articles,
        by_language.articles as by_language,
        by_source.articles as by_source,
        focus.articles as focus
    from pairs
    full join by_language using (week_start, country_a, country_b)
    full join by_source using (week_start, country_a, country_b)
    left join focus using (week_start, country_a, country_b)
)

select *
from final
where articles is distinct from by_language
   or articles is distinct from by_source
   or coalesce(focus, 0) > articles
