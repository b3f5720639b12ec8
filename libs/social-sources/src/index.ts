export * from './brand-handle';
export * from './csv-record.reader';
export * from './html-entities';
export * from './replay-rate';
export * from './twcs-row.normalizer';
export * from './twitter-date';
export * from './hmac-signature';
export * from './mention-batch.parser';
