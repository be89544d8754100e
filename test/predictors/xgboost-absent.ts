// Child-process helper for xgboost.test.ts: tries the XGBoost backend with whatever
// LISSNAS_XGBOOST_LIB the parent set, and prints the error message (or "loaded").
import { XgboostRegressor } from "../../src/predictors/xgboost.js";

try {
  new XgboostRegressor();
  process.stdout.write("loaded\n");
} catch (e) {
  process.stdout.write(`${(e as Error).name}: ${(e as Error).message}\n`);
}
