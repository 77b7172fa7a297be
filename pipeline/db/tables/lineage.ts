/** Columns every stored input row carries: where it comes from (source, file, line) and which run read it. */
export interface LineageColumns {
  source: string;
  input_file_id: number;
  line: number;
  run_id: string;
}
