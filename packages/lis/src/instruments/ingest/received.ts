/** One measured value as an analyzer reported it, before mapping (protocol-neutral: ASTM R record, HL7 OBX). */
export interface ReceivedResult {
  /** The analyzer's channel code (R-3 manufacturer code, OBX-3.1). */
  channel: string;
  /** The analyzer's name for it (OBX-3.2), also tried as the channel code. */
  channelName?: string;
  value: string;
  unit?: string;
  /** Abnormal flags and instrument comments (R-7, OBX-8, C records of type I). */
  flags: string[];
  /** ISO 8601 instant. */
  completedAt?: string;
}

/** A histogram or scattergram (Mindray OBX ED image or NA counts). */
export interface ReceivedGraph {
  channel: string;
  channelName?: string;
  image?: { name: string; mime: string; bytes: Uint8Array };
  histogram?: { name: string; values: number[] };
}

/** Everything one message reported about one sample. */
export interface ReceivedSample {
  /** Candidate identifiers in the order to try them: the barcode (O-3, OBR-2), then the sample number (O-4, OBR-3). */
  sampleIds: string[];
  /** The analyzer marked the sample as QC (ASTM O-12 action code Q). */
  qcHint?: boolean;
  results: ReceivedResult[];
  graphs: ReceivedGraph[];
}

/** What became of a sample's results. */
export interface IngestOutcome {
  sampleId: string;
  recorded: number;
  qc: number;
  held: number;
  observations: string[];
  /** Why something was held, for the ledger and (HL7) the ACK's warnings. */
  problems: { reason: string; text: string }[];
}
