-- The countries dimension from the reference data shipped with the package
-- (newsdyads/reference/countries.csv, rebuilt by `make reference`).
with source as (
    select *
    from read_csv(getvariable('countries_csv'), header = true, all_varchar = true)
),

final as (
    select
        iso3,
        iso2,
        nullif(iso_numeric, '') as iso_numeric,
        name,
        nullif(region, '') as region,
        nullif(subregion, '') as subregion
    from source
)

select * from final
