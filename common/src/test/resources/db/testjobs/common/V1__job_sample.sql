-- A tenant-agnostic table with a time column, for the retention job's tests.
CREATE TABLE job_sample (
  ts   TIMESTAMP WITH TIME ZONE NOT NULL,
  note TEXT NOT NULL
);
CREATE INDEX job_sample_ts ON job_sample (ts);
