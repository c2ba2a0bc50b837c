-- Every calendar month (its first day) from the month of $since to the month of $until.
select distinct
    unnest(generate_series(
        date_trunc('month', getvariable('since')::date),
        getvariable('until')::date,
        interval 1 month
    ))::date as month_start
