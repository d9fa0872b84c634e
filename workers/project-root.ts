// The repository root, from which pipeline definitions name their files (the same from the sources and from dist/).
import { sluicePackage } from '../runtime/sluice-package';

export const PROJECT_ROOT = sluicePackage().root;
