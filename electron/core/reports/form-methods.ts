export const formMethods = {};
