export const overviewMethods = {};
