export const statsMethods = {};
