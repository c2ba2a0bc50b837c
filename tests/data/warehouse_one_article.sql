-- A clean warehouse: one dated English article about France and Germany.
insert into input_files values
    ('a.jsonl', 'abc', 10, 'jsonl', 'loaded', null, 1, null, null, 'r1');

insert into articles values
    ('5f0e2c1a9b7d4e3f8a6c1b2d3e4f5a6b', '5f0e2c1a9b7d4e3f8a6c1b2d3e4f5a6b', 'a.jsonl', 'k1', 'jsonl', 'wire', null, 'en',
     timestamp '2023-01-31 18:14', 'metadata', '2023-W05', date '2023-01-30', 0, 'r1');

insert into article_countries values
    ('5f0e2c1a9b7d4e3f8a6c1b2d3e4f5a6b', 'FRA', 1, 0, false, false, true, ['France'], 'r1'),
    ('5f0e2c1a9b7d4e3f8a6c1b2d3e4f5a6b', 'DEU', 1, 10, false, false, true, ['Germany'], 'r1');
