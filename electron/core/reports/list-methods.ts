export const listMethods = {};
