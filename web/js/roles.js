// Role names and the sets the server's route table admits (src/core/role.h).
export const ALL = ['admin', 'commander', 'verifier', 'observer', 'village', 'checkpoint', 'site', 'finance', 'viewer'];
export const ADMIN = ['admin'];
export const PERSON_READ = ['admin', 'commander', 'verifier', 'observer', 'village', 'site'];
export const PERSON_WRITE = ['admin', 'verifier', 'observer', 'village'];
export const PERSON_MERGE = ['admin', 'verifier'];
