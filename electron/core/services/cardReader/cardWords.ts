// Words the card itself stores (GA 467), compared with what is decoded from it: data, not messages.

/** The end date of a card valid for life (issued to people over 46) holds this word instead of YYYYMMDD. */
export const CARD_LONG_TERM = '长期';
