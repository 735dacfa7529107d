/**
 * The characters that must never reach a terminal raw: C0 controls other than tab and line
 * feed, DEL, C1 controls, and the bidi marks, embeddings, overrides and isolates.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const RAW_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
