-- A clean warehouse: one dated English article about France and Germany.
insert into input_files values
    ('a.jsonl', 'abc', 10, 'jsonl', 'loaded', null, 1, null, null, 'r1');

insert into articles values
    ('id1', 'id1', 'a.jsonl', 'k1', 'jsonl', 'wire', null, 'en',
     timestamp '2023-01-31 18:14', 'metadata', '2023-W05', date '2023-01-30', 0, 'r1');

insert into article_countries values
    ('id1', 'FRA', 1, 0, false, false, true, ['France'], 'r1'),
    ('id1', 'DEU', 1, 10, false, false, true, ['Germany'], 'r1');
