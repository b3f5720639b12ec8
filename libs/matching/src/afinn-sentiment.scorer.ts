import Sentiment from 'sentiment';
import type { SentimentScorer } from './batch-case-matcher';

const analyzer = new Sentiment();

/**
 * The AFINN-165 score of the text (sum of word valences, e.g. "terrible" −3, "love" +3): the
 * lexicon ships inside the `sentiment` package, so nothing is downloaded at run time. English
 * only; admins write sentiment ranges on this scale.
 */
export const afinnSentiment: SentimentScorer = (text) => analyzer.analyze(text).score;
