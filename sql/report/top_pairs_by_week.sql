-- The report's pairs: the $top pairs with the most articles over the $weeks calendar
-- weeks that end with the latest week with articles, with their weekly counts (0 for
-- weeks without).
with latest as (
    select max(week_start) as week_start
    from articles_weekly
),

last_weeks as (
    select
        weeks.monday::date as week_start,
        strftime(weeks.monday, '%G-W%V') as iso_week
    from latest,
        unnest(generate_series(
            latest.week_start - to_weeks($weeks - 1), latest.week_start, interval 7 days
        )) as weeks(monday)
),

pair_totals as (
    select
        country_a,
        country_b,
        sum(articles) as total
    from country_pair_weekly
    where week_start in (select week_start from last_weeks)
    group by country_a, country_b
    order by total desc, country_a, country_b
    limit $top
),

grid as (
    select *
    from pair_totals
    cross join last_weeks
),

names as (
    select iso3, name from countries
),

final as (
    select
        grid.week_start,
        grid.iso_week,
        grid.country_a,
        grid.country_b,
        coalesce(name_a.name, grid.country_a) || ' – ' || coalesce(name_b.name, grid.country_b)
            as pair,
        grid.total,
        coalesce(weekly.articles, 0) as articles
    from grid
    left join country_pair_weekly as weekly
        using (week_start, country_a, country_b)
    left join names as name_a on name_a.iso3 = grid.country_a
    left join names as name_b on name_b.iso3 = grid.country_b
)

select * from final
order by total desc, pair, week_start
