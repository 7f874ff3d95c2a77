-- SPEC F10 "download reports": the size of a rendered report file, recorded when it is rendered, so the
-- list of past report files shows it also after clean-up has deleted the file (file_path NULL, file_name kept).
ALTER TABLE report_outbox ADD COLUMN file_size BIGINT;
