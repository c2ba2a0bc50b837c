-- The pairs most covered in the weeks the current run added articles to.
with run_weeks as (
    select distinct week_start
    from articles
    where run_id = getvariable('run_id')
      and week_start is not null
),

pairs as (
    select
        country_pair_weekly.country_a,
        country_pair_weekly.country_b,
        min(country_pair_weekly.iso_week) as first_week,
        max(country_pair_weekly.iso_week) as last_week,
        sum(country_pair_weekly.articles) as articles
    from country_pair_weekly
    inner join run_weeks using (week_start)
    group by country_pair_weekly.country_a, country_pair_weekly.country_b
),

final as (
    select
        country_a,
        country_b,
        first_week,
        last_week,
        articles
    from pairs
    order by articles desc, country_a, country_b
    limit getvariable('top_n')
)

select * from final
