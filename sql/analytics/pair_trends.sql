-- Each country pair's weekly coverage against its own recent past: change from the
-- week before, share of the week's articles, and a z-score against the trailing 12
-- weeks (weeks without articles count as zero) that flags unusual weeks.
with pair_weeks as (
    select * from country_pair_weekly
),

week_totals as (
    select week_start, articles as week_articles
    from articles_weekly
),

first_week as (
    select min(week_start) as week_start
    from articles_weekly
),

names as (
    select iso3, name
    from countries
),

trailing_sums as (
    select
        week_start,
        iso_week,
        country_a,
        country_b,
        articles,
        coalesce(sum(articles) over previous_week, 0)::bigint as previous_week_articles,
        coalesce(sum(articles) over last_12_weeks, 0)::bigint as trailing_sum,
        coalesce(sum(articles * articles) over last_12_weeks, 0)::bigint as trailing_sum_squares
    from pair_weeks
    window
        previous_week as (
            partition by country_a, country_b order by week_start
            range between interval 7 days preceding and interval 7 days preceding
        ),
        last_12_weeks as (
            partition by country_a, country_b order by week_start
            range between interval 84 days preceding and interval 7 days preceding
        )
),

scored as (
    select
        trailing_sums.*,
        trailing_sums.trailing_sum / 12.0 as trailing_mean_12w,
        sqrt(greatest(
            trailing_sums.trailing_sum_squares / 12.0 - pow(trailing_sums.trailing_sum / 12.0, 2), 0
        )) as trailing_std_12w,
        -- A full 12 weeks of history in the warehouse before this week.
        trailing_sums.week_start >= (select week_start from first_week) + interval 84 days
            as has_history
    from trailing_sums
),

final as (
    select
        scored.week_start,
        scored.iso_week,
        scored.country_a,
        name_a.name as country_a_name,
        scored.country_b,
        name_b.name as country_b_name,
        scored.articles,
        scored.previous_week_articles,
        scored.articles - scored.previous_week_articles as change_from_previous_week,
        scored.articles / week_totals.week_articles as share_of_articles,
        round(scored.trailing_mean_12w, 3) as trailing_mean_12w,
        round(scored.trailing_std_12w, 3) as trailing_std_12w,
        case
            when scored.has_history and scored.trailing_std_12w > 0
                then round(
                    (scored.articles - scored.trailing_mean_12w) / scored.trailing_std_12w, 3
                )
        end as z_score,
        coalesce(
            scored.has_history
            and scored.articles >= 3
            and (
                scored.trailing_std_12w = 0 and scored.articles > scored.trailing_mean_12w
                or (scored.articles - scored.trailing_mean_12w) / scored.trailing_std_12w >= 3
            ),
            false
        ) as unusual
    from scored
    left join week_totals using (week_start)
    left join names as name_a on name_a.iso3 = scored.country_a
    left join names as name_b on name_b.iso3 = scored.country_b
)

select * from final
