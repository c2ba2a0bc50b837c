-- The ISO codes of every pair of country numbers (int_country_codes) in the order the
-- pair intermediate writes them (country_a_code < country_b_code): the pair marts
-- count by number and name both countries with one join to this.
with country_codes as (
    select * from int_country_codes
),

final as (
    select
        first_country.country_code as country_a_code,
        second_country.country_code as country_b_code,
        first_country.iso3 as country_a,
        second_country.iso3 as country_b
    from country_codes as first_country
    inner join country_codes as second_country
        on first_country.country_code < second_country.country_code
)

select * from final
