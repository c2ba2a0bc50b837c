-- Every ISO week (its Monday) from the week of $since to the week of $until.
select distinct
    unnest(generate_series(
        date_trunc('week', getvariable('since')::date),
        getvariable('until')::date,
        interval 7 day
    ))::date as week_start
