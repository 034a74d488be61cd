import type { FilingView } from '@zhibao/contracts';
import { getEdition, switchedEdition, type SurveyEdition } from '@zhibao/survey';

/**
 * The edition the filing screen audits with, as the server's audit does: the view's edition with the ministry's
 * switch packages in force for its period. They come with the view, so the screen audits the same offline (a view
 * kept offline before switches existed carries none).
 */
export function editionOfView(
  view: Pick<FilingView, 'editionId' | 'period'> & { ruleSet?: Pick<FilingView['ruleSet'], 'packages'> },
): SurveyEdition {
  return switchedEdition(getEdition(view.editionId), view.ruleSet?.packages ?? [], view.period);
}
